#include <doctest/doctest.h>

#include "riskdb/cpe.hpp"
#include "riskdb/vulnerability_match.hpp"

using namespace kensa::riskdb;

TEST_CASE("CPE 2.3 names parse with escapes and format back") {
  const Cpe cpe = parse_cpe(R"(cpe:2.3:o:cisco:ios:15.0\(2\)se11:*:*:*:*:*:*:*)");
  CHECK(cpe[Cpe::part].value == "o");
  CHECK(cpe[Cpe::vendor].value == "cisco");
  CHECK(cpe[Cpe::version].value == "15.0(2)se11");
  CHECK(cpe[Cpe::update].is_any());
  CHECK(format_cpe(cpe) == R"(cpe:2.3:o:cisco:ios:15.0\(2\)se11:*:*:*:*:*:*:*)");
  const Cpe colon = parse_cpe(R"(cpe:2.3:a:vendor:prod\:uct:1.0:-:*:*:*:*:*:*)");
  CHECK(colon[Cpe::product].value == "prod:uct");
  CHECK(colon[Cpe::update].kind == CpeAttribute::Kind::not_applicable);
  const Cpe wild = parse_cpe("cpe:2.3:o:juniper:junos:19.4*:*:*:*:*:*:*:*");
  CHECK(wild[Cpe::version].wildcard);
  CHECK(compare_attribute(wild[Cpe::version], CpeAttribute::of("19.4R3")) == CpeRelation::superset);
  CHECK_FALSE(relation_matches(compare_attribute(wild[Cpe::version], CpeAttribute::of("20.1R1"))));
  CHECK_THROWS_WITH_AS((void)parse_cpe("cpe:/o:cisco:ios:15.0"), doctest::Contains("cpe:2.3:"),
                       CpeError);
  CHECK_THROWS_WITH_AS((void)parse_cpe("cpe:2.3:o:cisco:ios"), doctest::Contains("expected 11"),
                       CpeError);
  CHECK_THROWS_WITH_AS((void)parse_cpe("cpe:2.3:x:cisco:ios:1:*:*:*:*:*:*:*"),
                       doctest::Contains("part"), CpeError);
  CHECK(format_cpe(make_cpe('h', "Cisco", "ISR4321/K9", "")) ==
        R"(cpe:2.3:h:cisco:isr4321\/k9:*:*:*:*:*:*:*:*)");
}

namespace {

CpeMatchCriterion criterion(const char* text, bool vulnerable, VersionRange range = {}) {
  return {vulnerable, text, parse_cpe(text), std::move(range)};
}

DeviceCpe name(const char* text, VersionScheme scheme, const char* version) {
  return device_cpe(parse_cpe(text), scheme, version);
}

}  // namespace

TEST_CASE("NVD configurations: ranges, exact releases, AND nodes and vulnerable:false platforms") {
  const std::vector<DeviceCpe> junos_on_srx{
      name("cpe:2.3:o:juniper:junos:19.4r3-s1.3:*:*:*:*:*:*:*", VersionScheme::junos,
           "19.4R3-S1.3"),
      name("cpe:2.3:h:juniper:srx300:-:*:*:*:*:*:*:*", VersionScheme::generic, "")};
  // Exact release written across version and update, as NVD does for Junos.
  Configuration exact{
      false,
      false,
      {{false, false, {criterion("cpe:2.3:o:juniper:junos:19.4:r3-s1:*:*:*:*:*:*", true)}}}};
  CHECK(evaluate_configurations({exact}, junos_on_srx).result == Applicability::applies);

  // Firmware AND platform: applies on an SRX, not on an MX.
  VersionRange before_s2;
  before_s2.end_excluding = "19.4R3-S2";
  Configuration on_srx{
      true,
      false,
      {{false, false, {criterion("cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*", true, before_s2)}},
       {false, false, {criterion("cpe:2.3:h:juniper:srx300:-:*:*:*:*:*:*:*", false)}}}};
  const auto result = evaluate_configurations({on_srx}, junos_on_srx);
  CHECK(result.result == Applicability::applies);
  CHECK(result.matched_criteria == "cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*");
  std::vector<DeviceCpe> junos_on_mx = junos_on_srx;
  junos_on_mx[1] = name("cpe:2.3:h:juniper:mx204:-:*:*:*:*:*:*:*", VersionScheme::generic, "");
  CHECK(evaluate_configurations({on_srx}, junos_on_mx).result == Applicability::does_not_apply);

  // A platform alone never accuses.
  Configuration platform_only{
      false,
      false,
      {{false, false, {criterion("cpe:2.3:h:juniper:srx300:-:*:*:*:*:*:*:*", false)}}}};
  CHECK(evaluate_configurations({platform_only}, junos_on_srx).result ==
        Applicability::does_not_apply);

  // Fixed release: outside the range.
  std::vector<DeviceCpe> fixed = junos_on_srx;
  fixed[0] =
      name("cpe:2.3:o:juniper:junos:19.4r3-s2:*:*:*:*:*:*:*", VersionScheme::junos, "19.4R3-S2");
  CHECK(evaluate_configurations({on_srx}, fixed).result == Applicability::does_not_apply);

  // A version the scheme cannot place is unknown, not affected.
  std::vector<DeviceCpe> other_train = junos_on_srx;
  other_train[0] = name("cpe:2.3:o:juniper:junos:19.4x49-d200:*:*:*:*:*:*:*", VersionScheme::junos,
                        "19.4X49-D200");
  CHECK(evaluate_configurations({on_srx}, other_train).result == Applicability::unknown);

  // Negated node: everything but that platform.
  Configuration not_on_srx{
      true,
      false,
      {{false, false, {criterion("cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*", true, before_s2)}},
       {false, true, {criterion("cpe:2.3:h:juniper:srx300:-:*:*:*:*:*:*:*", false)}}}};
  CHECK(evaluate_configurations({not_on_srx}, junos_on_srx).result ==
        Applicability::does_not_apply);
  CHECK(evaluate_configurations({not_on_srx}, junos_on_mx).result == Applicability::applies);
}
