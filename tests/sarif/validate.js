// Validates SARIF files against the official SARIF 2.1.0 JSON schema
// (sarif-2.1.0-rtm.5, a draft-04 schema, as shipped by the npm package
// @microsoft/sarif-matcher-utils).
//
//   node validate.js SCHEMA FILE...     exit 0 when every file is valid
//
// The schema's "language" pattern holds a stray "]" that JavaScript's
// Unicode regex mode refuses; the schema is compiled without that mode,
// which reads the pattern as its authors meant it.
"use strict";
const Ajv = require("ajv-draft-04");
const addFormats = require("ajv-formats");
const fs = require("fs");

const [schemaFile, ...files] = process.argv.slice(2);
if (!schemaFile || files.length === 0) {
  console.error("usage: node validate.js SCHEMA FILE...");
  process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
let bad = 0;
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    bad++;
    continue;
  }
  if (!validate(doc)) {
    bad++;
    for (const e of validate.errors.slice(0, 10))
      console.error(`${file}: ${e.instancePath || "/"}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}
console.log(`sarif: ${files.length - bad} of ${files.length} files valid against SARIF 2.1.0`);
process.exit(bad ? 1 : 0);
