// Checks SARIF files against what GitHub code scanning documents it takes
// (docs.github.com, "SARIF support for code scanning"): at most 25,000
// results and 25,000 rules a run, 20 runs a file, 1,000 locations and 10
// partialFingerprints... a result, 20 tags a rule, 10 MB gzipped a file;
// and what it needs to track a result over time: a fingerprint, an
// automationDetails.id, rules with name, shortDescription, fullDescription
// and help.
//
//   node github.js FILE...     exit 0 when every file passes
"use strict";
const fs = require("fs");
const zlib = require("zlib");

const files = process.argv.slice(2);
let bad = 0;
function fail(file, where, what) {
  console.error(`${file}: ${where}: ${what}`);
  bad++;
}
for (const file of files) {
  const raw = fs.readFileSync(file);
  if (zlib.gzipSync(raw).length > 10 * 1024 * 1024)
    fail(file, "/", "more than 10 MB gzipped");
  const doc = JSON.parse(raw.toString("utf8"));
  if (doc.runs.length > 20) fail(file, "/runs", "more than 20 runs");
  doc.runs.forEach((run, r) => {
    const at = `/runs/${r}`;
    const rules = run.tool.driver.rules || [];
    if (rules.length > 25000) fail(file, at, "more than 25,000 rules");
    if (!run.automationDetails || !run.automationDetails.id)
      fail(file, at, "no automationDetails.id");
    rules.forEach((rule, i) => {
      for (const k of ["name", "shortDescription", "fullDescription", "help"])
        if (!rule[k]) fail(file, `${at}/tool/driver/rules/${i}`, `no ${k}`);
      if (rule.help && !rule.help.markdown)
        fail(file, `${at}/tool/driver/rules/${i}`, "no help.markdown");
      const tags = (rule.properties && rule.properties.tags) || [];
      if (tags.length > 20) fail(file, `${at}/tool/driver/rules/${i}`, "more than 20 tags");
    });
    const results = run.results || [];
    if (results.length > 25000) fail(file, at, `${results.length} results, more than 25,000`);
    results.forEach((res, i) => {
      const where = `${at}/results/${i}`;
      if ((res.locations || []).length > 1000) fail(file, where, "more than 1,000 locations");
      const fps = Object.keys(res.partialFingerprints || {});
      if (fps.length === 0) fail(file, where, "no partialFingerprints");
      if (fps.length > 10) fail(file, where, "more than 10 partialFingerprints");
    });
  });
}
console.log(`github: ${files.length - bad} of ${files.length} files within code scanning's limits`);
process.exit(bad ? 1 : 0);
