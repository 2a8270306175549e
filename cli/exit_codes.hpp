#pragma once
// The exit codes of every kensa command, documented in README.md.

namespace kensa::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_findings = 1;     // a finding at or above --fail-on
inline constexpr int exit_unreachable = 2;  // a target did not answer or refused the credentials
// `kensa check` answers with its verdict instead.
inline constexpr int exit_check_allow = 0;
inline constexpr int exit_check_review = 1;
inline constexpr int exit_check_error = 2;
inline constexpr int exit_check_block = 3;
inline constexpr int exit_usage = 64;  // bad arguments, configuration or secret files
// A bundle or a pushed sweep was refused: its digest, signature or content
// is wrong, or the receiving inventory holds that sweep with other content.
inline constexpr int exit_refused = 65;
inline constexpr int exit_internal_error = 70;
inline constexpr int exit_storage = 74;  // the database could not be written (disk full, I/O)

}  // namespace kensa::cli
