// Validates CycloneDX 1.6 JSON files with the official CycloneDX library's
// strict JSON validator. Usage: node validate.mjs FILE...
// Prints "valid FILE" or "INVALID FILE: errors" per file; exits 1 if any is invalid.
import { Validation, Spec } from '@cyclonedx/cyclonedx-library';
import { readFileSync } from 'node:fs';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
let failed = false;
for (const file of process.argv.slice(2)) {
  const errors = await validator.validate(readFileSync(file, 'utf8'));
  if (errors === null) {
    console.log(`valid ${file}`);
  } else {
    failed = true;
    console.log(`INVALID ${file}: ${JSON.stringify(errors, null, 1)}`);
  }
}
process.exit(failed ? 1 : 0);
