#include "riskdb/migrations.hpp"

#include <array>

namespace kensa::riskdb {
namespace {

constexpr std::array<Migration, 17> migrations{{
    {1, "provenance of every dataset loaded",
     R"sql(
CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,              -- oui, pen, kev, nvd, eol, restrictions, screening
  source      TEXT NOT NULL,              -- URL or file path it was read from
  version     TEXT,                       -- the feed's own version or date, when it has one
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  loaded_at   TEXT NOT NULL,              -- ISO 8601, UTC
  row_count   INTEGER NOT NULL CHECK (row_count >= 0)
) STRICT;
CREATE INDEX datasets_by_kind ON datasets(kind, loaded_at);
)sql"},
    {2, "vendor catalogue: canonical vendors, their names, parents and CPE names",
     R"sql(
CREATE TABLE vendors (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  parent_id   INTEGER REFERENCES vendors(id),
  relation    TEXT CHECK (relation IN ('subsidiary', 'brand')),
  CHECK ((parent_id IS NULL) = (relation IS NULL))
) STRICT;
-- Every spelling a vendor is known under, folded to lowercase letters and digits.
CREATE TABLE vendor_names (
  name_key    TEXT PRIMARY KEY,
  vendor_id   INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  spelling    TEXT NOT NULL
) STRICT;
-- The vendor names NVD's CPE dictionary uses, including former names.
CREATE TABLE vendor_cpe_names (
  cpe_vendor  TEXT NOT NULL,
  vendor_id   INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  PRIMARY KEY (cpe_vendor, vendor_id)
) STRICT;
-- What identification calls an OS family, and how NVD names and orders it.
CREATE TABLE os_families (
  name            TEXT PRIMARY KEY,
  vendor_id       INTEGER REFERENCES vendors(id) ON DELETE SET NULL,
  cpe_vendor      TEXT,
  cpe_products    TEXT NOT NULL DEFAULT '[]',   -- JSON array of CPE product names
  version_scheme  TEXT NOT NULL DEFAULT 'generic',
  model_patterns  TEXT NOT NULL DEFAULT '[]',   -- JSON array of RE2 patterns of models that run it
  eol_product     TEXT                          -- its product name at endoflife.date
) STRICT;
)sql"},
    {3, "inventory over time: sweeps, devices, addresses, observations, modules, neighbours",
     R"sql(
CREATE TABLE sweeps (
  id                  INTEGER PRIMARY KEY,
  started_at          TEXT NOT NULL,
  finished_at         TEXT,
  status              TEXT NOT NULL CHECK (status IN ('running', 'complete', 'aborted')),
  targets             TEXT NOT NULL DEFAULT '',
  parameters          TEXT NOT NULL DEFAULT '{}',   -- JSON: window, rate, scope, ...
  counters            TEXT NOT NULL DEFAULT '{}',   -- JSON: engine counters
  addresses_probed    INTEGER NOT NULL DEFAULT 0,
  addresses_answering INTEGER NOT NULL DEFAULT 0,
  note                TEXT,
  owner               TEXT          -- host, process id and start time of the process running it
) STRICT;
-- One row per piece of equipment, whatever addresses it answered on.
-- identity_kind says what makes it the same device across sweeps.
CREATE TABLE devices (
  id               INTEGER PRIMARY KEY,
  identity_kind    TEXT NOT NULL CHECK (identity_kind IN ('serial', 'chassis_mac', 'address', 'neighbor')),
  identity_key     TEXT NOT NULL,
  first_sweep_id   INTEGER NOT NULL REFERENCES sweeps(id),
  last_sweep_id    INTEGER NOT NULL REFERENCES sweeps(id),
  first_seen_at    TEXT NOT NULL,
  last_seen_at     TEXT NOT NULL,
  neighbor_only    INTEGER NOT NULL DEFAULT 0 CHECK (neighbor_only IN (0, 1)),
  vendor           TEXT,
  os               TEXT,
  model            TEXT,
  firmware         TEXT,
  serial           TEXT,
  chassis_mac      TEXT,
  sys_name         TEXT,
  location         TEXT,
  screening_status TEXT,
  risk             TEXT,            -- highest finding severity in the last judged sweep
  UNIQUE (identity_kind, identity_key)
) STRICT;
CREATE INDEX devices_by_vendor ON devices(vendor, model);
CREATE INDEX devices_by_model ON devices(model);
CREATE INDEX devices_by_firmware ON devices(os, firmware);
CREATE INDEX devices_by_last_seen ON devices(last_seen_at);
CREATE INDEX devices_by_risk ON devices(risk);
CREATE INDEX devices_by_screening ON devices(screening_status);
CREATE INDEX devices_by_serial ON devices(serial);
CREATE TABLE device_addresses (
  device_id       INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  address         TEXT NOT NULL,     -- printable, with :port when not 161
  address_bytes   BLOB NOT NULL,     -- 16 bytes, IPv4 as ::ffff:a.b.c.d, for subnet ranges
  first_sweep_id  INTEGER NOT NULL REFERENCES sweeps(id),
  last_sweep_id   INTEGER NOT NULL REFERENCES sweeps(id),
  PRIMARY KEY (device_id, address)
) STRICT;
CREATE INDEX device_addresses_by_bytes ON device_addresses(address_bytes);
-- What one sweep saw of one device: the history behind "when did this change".
CREATE TABLE observations (
  id               INTEGER PRIMARY KEY,
  sweep_id         INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  device_id        INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  observed_at      TEXT NOT NULL,
  address          TEXT,
  neighbor_only    INTEGER NOT NULL DEFAULT 0 CHECK (neighbor_only IN (0, 1)),
  vendor           TEXT,
  os               TEXT,
  model            TEXT,
  firmware         TEXT,
  serial           TEXT,
  sys_name         TEXT,
  sys_descr        TEXT,
  sys_object_id    TEXT,
  location         TEXT,
  screening_status TEXT,
  UNIQUE (sweep_id, device_id)
) STRICT;
CREATE INDEX observations_by_device ON observations(device_id, sweep_id);
-- The identified device with its evidence, as JSON; apart from the
-- observation so that judging, which updates observations, leaves it be.
CREATE TABLE observation_records (
  observation_id  INTEGER PRIMARY KEY REFERENCES observations(id) ON DELETE CASCADE,
  record          TEXT NOT NULL
) STRICT;
CREATE TABLE modules (
  observation_id    INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
  ent_index         INTEGER NOT NULL,
  contained_in      INTEGER NOT NULL,
  class             TEXT NOT NULL,
  name              TEXT,
  description       TEXT,
  model             TEXT,
  serial            TEXT,
  firmware          TEXT,
  software          TEXT,
  hardware_revision TEXT,
  manufacturer      TEXT,
  screening_status  TEXT,           -- NULL: not judged, or unscreened while the register screens no modules
  PRIMARY KEY (observation_id, ent_index)
) STRICT, WITHOUT ROWID;
CREATE INDEX modules_by_serial ON modules(serial);
CREATE TABLE neighbors (
  observation_id      INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
  ordinal             INTEGER NOT NULL,
  protocol            TEXT NOT NULL,
  local_port          TEXT,
  chassis_id          TEXT,
  chassis_id_subtype  TEXT,
  port_id             TEXT,
  system_name         TEXT,
  system_description  TEXT,
  vendor              TEXT,
  management_addresses TEXT NOT NULL DEFAULT '[]',  -- JSON
  neighbor_device_id  INTEGER REFERENCES devices(id) ON DELETE SET NULL,
  PRIMARY KEY (observation_id, ordinal)
) STRICT, WITHOUT ROWID;
)sql"},
    {4, "risk data: restriction lists, vulnerabilities with NVD configurations, KEV, lifecycle",
     R"sql(
CREATE TABLE restrictions (
  id              INTEGER PRIMARY KEY,
  dataset_id      INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
  list_name       TEXT NOT NULL,     -- "FCC Covered List", "NDAA section 889"
  source          TEXT NOT NULL,     -- the authority that publishes it
  entity          TEXT NOT NULL,     -- as the list names it
  vendor_id       INTEGER REFERENCES vendors(id),
  covered_names   TEXT NOT NULL DEFAULT '[]',  -- JSON: aliases, subsidiaries and brands the list names
  equipment_scope TEXT NOT NULL,     -- what equipment of the entity it covers, in words
  scope_classes   TEXT NOT NULL DEFAULT '[]',  -- JSON: equipment classes it covers, [] = all
  effective_date  TEXT,
  citation        TEXT NOT NULL
) STRICT;
CREATE INDEX restrictions_by_vendor ON restrictions(vendor_id);
CREATE TABLE vulnerabilities (
  cve_id          TEXT PRIMARY KEY,
  dataset_id      INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  published       TEXT,
  description     TEXT,
  cvss_v2         REAL,
  cvss_v3         REAL,
  cvss_v4         REAL
) STRICT;
CREATE TABLE vulnerability_configurations (
  id        INTEGER PRIMARY KEY,
  cve_id    TEXT NOT NULL REFERENCES vulnerabilities(cve_id) ON DELETE CASCADE,
  ordinal   INTEGER NOT NULL,
  operator  TEXT NOT NULL CHECK (operator IN ('AND', 'OR')),
  negate    INTEGER NOT NULL DEFAULT 0 CHECK (negate IN (0, 1))
) STRICT;
CREATE INDEX configurations_by_cve ON vulnerability_configurations(cve_id);
CREATE TABLE vulnerability_nodes (
  id               INTEGER PRIMARY KEY,
  configuration_id INTEGER NOT NULL REFERENCES vulnerability_configurations(id) ON DELETE CASCADE,
  ordinal          INTEGER NOT NULL,
  operator         TEXT NOT NULL CHECK (operator IN ('AND', 'OR')),
  negate           INTEGER NOT NULL DEFAULT 0 CHECK (negate IN (0, 1))
) STRICT;
CREATE INDEX nodes_by_configuration ON vulnerability_nodes(configuration_id);
CREATE TABLE cpe_matches (
  id               INTEGER PRIMARY KEY,
  node_id          INTEGER NOT NULL REFERENCES vulnerability_nodes(id) ON DELETE CASCADE,
  cve_id           TEXT NOT NULL,
  vulnerable       INTEGER NOT NULL CHECK (vulnerable IN (0, 1)),
  criteria         TEXT NOT NULL,
  part             TEXT NOT NULL,
  cpe_vendor       TEXT NOT NULL,
  cpe_product      TEXT NOT NULL,
  start_including  TEXT,
  start_excluding  TEXT,
  end_including    TEXT,
  end_excluding    TEXT
) STRICT;
CREATE INDEX cpe_matches_by_product ON cpe_matches(cpe_vendor, cpe_product, vulnerable);
CREATE INDEX cpe_matches_by_node ON cpe_matches(node_id);
CREATE INDEX cpe_matches_by_cve ON cpe_matches(cve_id);
CREATE TABLE known_exploited (
  cve_id          TEXT PRIMARY KEY,
  dataset_id      INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  vendor_project  TEXT,             -- as CISA writes it (free text, trimmed)
  vendor          TEXT,             -- the catalogue's canonical vendor for it, when known
  product         TEXT,
  name            TEXT,
  date_added      TEXT,
  due_date        TEXT,
  ransomware      TEXT
) STRICT;
-- End of sale / support / life for an OS release or a product.
CREATE TABLE lifecycle (
  id              INTEGER PRIMARY KEY,
  dataset_id      INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
  subject         TEXT NOT NULL CHECK (subject IN ('os_release', 'product')),
  os_family       TEXT,            -- for os_release
  vendor          TEXT,            -- for product
  pattern         TEXT NOT NULL,   -- release cycle ("17.9", "19.4") or model pattern (RE2)
  end_of_sale     TEXT,
  end_of_support  TEXT,
  end_of_life     TEXT,
  link            TEXT
) STRICT;
CREATE INDEX lifecycle_by_os ON lifecycle(os_family);
)sql"},
    {5, "the operator's screening register",
     R"sql(
CREATE TABLE screening_register (
  id             INTEGER PRIMARY KEY,
  dataset_id     INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  vendor         TEXT NOT NULL,
  model_pattern  TEXT NOT NULL DEFAULT '*',   -- glob over the model, case-insensitive
  firmware_min   TEXT,                        -- inclusive bounds, in the OS family's scheme
  firmware_max   TEXT,
  scope          TEXT NOT NULL DEFAULT 'device' CHECK (scope IN ('device', 'module')),
  status         TEXT NOT NULL CHECK (status IN ('approved', 'pending', 'rejected', 'expired')),
  case_id        TEXT,
  decided_on     TEXT,
  expires_on     TEXT,
  note           TEXT
) STRICT;
CREATE INDEX screening_by_vendor ON screening_register(vendor);
)sql"},
    {6, "findings of each judged sweep",
     R"sql(
CREATE TABLE findings (
  id             INTEGER PRIMARY KEY,
  sweep_id       INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  device_id      INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  module_index   INTEGER,             -- ENTITY index when the finding is about a module
  kind           TEXT NOT NULL CHECK (kind IN ('restricted_vendor', 'known_exploited', 'vulnerability',
                   'end_of_life', 'unscreened', 'drifted', 'rejected', 'unidentified', 'neighbor_only')),
  severity       TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  reference      TEXT,                -- CVE id, list name, register case
  reason         TEXT NOT NULL,
  dataset_id     INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  evidence       TEXT NOT NULL DEFAULT '[]'  -- JSON
) STRICT;
CREATE INDEX findings_by_sweep ON findings(sweep_id, severity);
CREATE INDEX findings_by_device ON findings(device_id, sweep_id);
-- Devices that share their CPE names (one model and release) share their
-- vulnerabilities: judged once per sweep and profile, linked from observations.
CREATE TABLE software_profiles (
  id        INTEGER PRIMARY KEY,
  sweep_id  INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  cpe_key   TEXT NOT NULL,
  cpes      TEXT NOT NULL,   -- JSON array of the CPE names judged
  undetermined INTEGER NOT NULL DEFAULT 0,
  UNIQUE (sweep_id, cpe_key)
) STRICT;
CREATE TABLE profile_findings (
  id          INTEGER PRIMARY KEY,
  profile_id  INTEGER NOT NULL REFERENCES software_profiles(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('known_exploited', 'vulnerability')),
  severity    TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  reference   TEXT NOT NULL,
  reason      TEXT NOT NULL,
  dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX profile_findings_by_profile ON profile_findings(profile_id, severity);
ALTER TABLE observations ADD COLUMN profile_id INTEGER REFERENCES software_profiles(id) ON DELETE SET NULL;
ALTER TABLE observations ADD COLUMN risk TEXT;  -- highest finding severity when judged
CREATE INDEX observations_by_profile ON observations(profile_id);
ALTER TABLE sweeps ADD COLUMN judged_at TEXT;
ALTER TABLE sweeps ADD COLUMN policy_sha256 TEXT;
)sql"},
    {7,
     "the IEEE MAC block and IANA enterprise number registries; HTTP validators of fetched "
     "datasets",
     R"sql(
CREATE TABLE mac_blocks (
  bits          INTEGER NOT NULL CHECK (bits IN (24, 28, 36)),
  prefix        TEXT NOT NULL,      -- upper-case hex digits, bits / 4 of them
  registry      TEXT NOT NULL,      -- MA-L, MA-M, MA-S, IAB
  organization  TEXT NOT NULL,
  address       TEXT,
  dataset_id    INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  PRIMARY KEY (bits, prefix)
) STRICT, WITHOUT ROWID;
CREATE TABLE enterprise_numbers (
  number        INTEGER PRIMARY KEY,
  organization  TEXT NOT NULL,
  contact       TEXT,
  email         TEXT,
  dataset_id    INTEGER REFERENCES datasets(id) ON DELETE SET NULL
) STRICT;
ALTER TABLE datasets ADD COLUMN etag TEXT;
ALTER TABLE datasets ADD COLUMN last_modified TEXT;
)sql"},
    {8,
     "the CVE ids of each software profile whose applicability could not be decided; other "
     "spellings of OS families",
     R"sql(
ALTER TABLE software_profiles ADD COLUMN undetermined_cves TEXT NOT NULL DEFAULT '[]';  -- JSON
ALTER TABLE os_families ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';  -- JSON: other spellings
)sql"},
    {9, "the identity objects of the operator's own MIB modules",
     R"sql(
CREATE TABLE mib_identity_objects (
  oid         TEXT PRIMARY KEY,           -- a scalar without .0, or a table column
  module      TEXT NOT NULL,
  descriptor  TEXT NOT NULL,
  field       TEXT NOT NULL CHECK (field IN ('model', 'firmware', 'serial')),
  place       TEXT NOT NULL CHECK (place IN ('scalar', 'column')),
  rank        INTEGER NOT NULL,
  dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL
) STRICT;
)sql"},
    {10, "the date of a dataset's data, as the feed states it",
     R"sql(
-- KEV dateReleased, the newest NVD lastModified, the newest endoflife.date
-- cycle, the PEN registry's "last updated", a restriction list's as_of:
-- how old the data is, apart from when it was loaded.
ALTER TABLE datasets ADD COLUMN data_date TEXT;
)sql"},
    {11, "every judgement of a sweep, with the datasets and policy it was made by",
     R"sql(
CREATE TABLE judgements (
  id             INTEGER PRIMARY KEY,
  sweep_id       INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  judged_at      TEXT NOT NULL,
  policy_source  TEXT NOT NULL,
  policy_sha256  TEXT NOT NULL,
  datasets       TEXT NOT NULL,  -- JSON: [{kind, id, version, sha256, data_date}] judged by
  summary        TEXT NOT NULL   -- JSON: {devices, findings: {severity: n}, kinds: {kind: n}, screening: {status: n}}
) STRICT;
CREATE INDEX judgements_by_sweep ON judgements(sweep_id, id);
)sql"},
    {12, "what each sweep did with each target",
     R"sql(
CREATE TABLE sweep_targets (
  id            INTEGER PRIMARY KEY,
  sweep_id      INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  target        TEXT NOT NULL,   -- as the sweep addressed it: "192.0.2.1:161", "switch.example:161"
  outcome       TEXT NOT NULL CHECK (outcome IN ('answered', 'silent', 'refused', 'malformed',
                  'oversized', 'not_resolved', 'out_of_scope', 'interrupted', 'error')),
  detail        TEXT NOT NULL,   -- the precise reason: unknown_user, wrong_auth_password, ...
  message       TEXT NOT NULL,
  credential    TEXT,            -- the profile that answered
  snmp_version  TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  hop           INTEGER NOT NULL DEFAULT 0,
  found_via     TEXT,
  device_id     INTEGER REFERENCES devices(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX sweep_targets_by_sweep ON sweep_targets(sweep_id, outcome);
CREATE INDEX sweep_targets_by_target ON sweep_targets(sweep_id, target);
)sql"},
    {13,
     "triage decisions on findings, the CVSS vectors of vulnerabilities, and the spellings of "
     "product lines",
     R"sql(
-- The other spellings a vendor's model names start with, by product line
-- ("FortiGate": "FGT", "FG"), so that every spelling of a model compares equal.
CREATE TABLE vendor_model_lines (
  vendor_id  INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  line       TEXT NOT NULL,
  spelling   TEXT NOT NULL,
  PRIMARY KEY (vendor_id, spelling)
) STRICT;
ALTER TABLE vulnerabilities ADD COLUMN cvss_v2_vector TEXT;
ALTER TABLE vulnerabilities ADD COLUMN cvss_v3_vector TEXT;
ALTER TABLE vulnerabilities ADD COLUMN cvss_v4_vector TEXT;
-- Every decision kept; the newest for a device identity, finding kind,
-- reference and subject is in force, in every sweep that finds it again.
CREATE TABLE triage (
  id             INTEGER PRIMARY KEY,
  identity_kind  TEXT NOT NULL,
  identity_key   TEXT NOT NULL,
  kind           TEXT NOT NULL,
  reference      TEXT NOT NULL,   -- '' for findings without one
  subject        TEXT NOT NULL,   -- '' for the device, 'module N' for its module
  state          TEXT NOT NULL CHECK (state IN ('in_triage', 'not_affected', 'exploitable',
                   'resolved', 'false_positive')),
  justification  TEXT CHECK (justification IS NULL OR justification IN ('code_not_present',
                   'code_not_reachable', 'requires_configuration', 'requires_dependency',
                   'requires_environment', 'protected_by_compiler', 'protected_at_runtime',
                   'protected_at_perimeter', 'protected_by_mitigating_control')),
  reason         TEXT NOT NULL,
  decided_by     TEXT NOT NULL,
  decided_at     TEXT NOT NULL
) STRICT;
CREATE INDEX triage_by_finding ON triage(identity_kind, identity_key, kind, reference, subject, id);
)sql"},
    {14, "the site each sweep was made at, and the host that made it",
     R"sql(
-- NULL: a sweep made without naming its site (one-site inventories).
ALTER TABLE sweeps ADD COLUMN site TEXT;
ALTER TABLE sweeps ADD COLUMN scanner_host TEXT;
CREATE INDEX sweeps_by_site ON sweeps(site, id);
)sql"},
    {15,
     "sweeps carried between inventories (push, bundles), the judgements their sites made, and "
     "devices by chassis MAC",
     R"sql(
-- The same sweep in every inventory it reaches; NULL for sweeps made before
-- it was recorded (riskdb/sweeps.cpp derives theirs).
ALTER TABLE sweeps ADD COLUMN uid TEXT;
-- For a sweep that came from its site's own inventory: when it arrived, and
-- the SHA-256 of its content (riskdb/sweep_content.hpp) as the site sent it.
ALTER TABLE sweeps ADD COLUMN received_at TEXT;
ALTER TABLE sweeps ADD COLUMN content_sha256 TEXT;
CREATE UNIQUE INDEX sweeps_by_uid ON sweeps(uid);
-- The judgements a site made of its own sweep, in the order it made them,
-- kept as they were beside the ones made here. findings: JSON, those of
-- the site's latest judgement.
CREATE TABLE site_judgements (
  id             INTEGER PRIMARY KEY,
  sweep_id       INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  judged_at      TEXT NOT NULL,
  policy_source  TEXT NOT NULL,
  policy_sha256  TEXT NOT NULL,
  datasets       TEXT NOT NULL,
  summary        TEXT NOT NULL,
  findings       TEXT
) STRICT;
CREATE INDEX site_judgements_by_sweep ON site_judgements(sweep_id, id);
-- A sighting's device is looked up by its chassis MAC too (riskdb/inventory.cpp).
CREATE INDEX devices_by_chassis_mac ON devices(chassis_mac);
)sql"},
    {16,
     "on PostgreSQL, the references of what sweeps and judgements write checked once a statement",
     R"sql(
-- Nothing: SQLite checks a reference in process, at no comparable cost.
)sql",
     R"sql(
-- PostgreSQL checks a declared reference row by row, a query for each row
-- written that also locks the row referred to: two fifths of a store's
-- server time (bench/riskdb_scale). For the tables sweeps and judgements
-- write in volume, each reference becomes one check a statement over the
-- rows it wrote (a trigger over its transition table), and the declared
-- action when a row referred to is deleted is kept: its referrers deleted
-- (CASCADE), cleared (SET NULL) or the delete refused. A key referred to is
-- never changed (kensa changes none): such an update is refused.
-- Left to other sessions' care, as for a check outside the server's own:
-- a row deleted by one transaction while another, still open, refers to it.
-- The triggers' functions find the tables where the migration found them,
-- whatever the search path of the session that fires them.
DO $migration$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.conname AS name, c.conrelid::regclass::text AS child,
           a.attname::text AS child_column, c.confrelid::regclass::text AS parent,
           p.attname::text AS parent_column, c.confdeltype AS on_delete
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute p ON p.attrelid = c.confrelid AND p.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
      AND c.conrelid = ANY (ARRAY['devices', 'device_addresses', 'observations',
        'observation_records', 'modules', 'neighbors', 'findings', 'software_profiles',
        'profile_findings', 'sweep_targets']::regclass[])
    ORDER BY c.conname
  LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.child, r.name);

    EXECUTE format($f$CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $body$
      DECLARE missing bigint;
      BEGIN
        SELECT w.%2$I INTO missing FROM written w
        WHERE w.%2$I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %3$I t WHERE t.%4$I = w.%2$I)
        LIMIT 1;
        IF FOUND THEN
          RAISE foreign_key_violation USING
            MESSAGE = %5$L, DETAIL = format(%6$L, missing), TABLE = %7$L, CONSTRAINT = %8$L;
        END IF;
        RETURN NULL;
      END $body$$f$,
      r.name || '_check', r.child_column, r.parent, r.parent_column,
      format('insert or update on table "%s" violates foreign key constraint "%s"', r.child, r.name),
      format('Key (%s)=(%%s) is not present in table "%s".', r.child_column, r.parent),
      r.child, r.name);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   r.name || '_inserted', r.child, r.name || '_check');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS written '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   r.name || '_updated', r.child, r.name || '_check');

    EXECUTE format($f$CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $body$
      BEGIN
        %2$s
        RETURN NULL;
      END $body$$f$,
      r.name || '_action', CASE r.on_delete
        WHEN 'c' THEN format('DELETE FROM %I WHERE %I IN (SELECT %I FROM removed);',
                             r.child, r.child_column, r.parent_column)
        WHEN 'n' THEN format('UPDATE %I SET %I = NULL WHERE %I IN (SELECT %I FROM removed);',
                             r.child, r.child_column, r.child_column, r.parent_column)
        ELSE format('IF EXISTS (SELECT 1 FROM %I c JOIN removed d ON c.%I = d.%I) THEN '
                    'RAISE foreign_key_violation USING MESSAGE = %L, TABLE = %L, CONSTRAINT = %L; '
                    'END IF;', r.child, r.child_column, r.parent_column,
                    format('update or delete on table "%s" violates foreign key constraint "%s" '
                           'on table "%s"', r.parent, r.name, r.child), r.parent, r.name)
      END);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS removed '
                   'FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   r.name || '_deleted', r.parent, r.name || '_action');

    EXECUTE format($f$CREATE OR REPLACE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql
      SET search_path FROM CURRENT AS $body$
      BEGIN
        RAISE foreign_key_violation USING MESSAGE = %2$L, TABLE = %3$L;
      END $body$$f$,
      r.parent || '_' || r.parent_column || '_kept',
      format('update on table "%s" violates foreign key constraints: its %s is referred to '
             'and never changes', r.parent, r.parent_column),
      r.parent);
    EXECUTE format('CREATE OR REPLACE TRIGGER %1$I BEFORE UPDATE OF %2$I ON %3$I FOR EACH ROW '
                   'WHEN (OLD.%2$I IS DISTINCT FROM NEW.%2$I) EXECUTE FUNCTION %1$I()',
                   r.parent || '_' || r.parent_column || '_kept', r.parent_column, r.parent);
  END LOOP;
END
$migration$;
)sql"},
    {17, "indexes no query reads dropped",
     R"sql(
-- The inventory filters compare vendors without regard to case and models
-- and firmware as patterns, which these cannot serve, and nothing looks a
-- device or a module up by serial; each cost every row written an entry.
DROP INDEX devices_by_vendor;
DROP INDEX devices_by_model;
DROP INDEX devices_by_firmware;
DROP INDEX devices_by_serial;
DROP INDEX modules_by_serial;
)sql"},
}};

}  // namespace

std::span<const Migration> schema_migrations() { return migrations; }

}  // namespace kensa::riskdb
