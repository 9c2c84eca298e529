// Copies the pinned npm front-end packages and our own small assets into webapp/static,
// served at /assets (the path GOV.UK Frontend's and MoJ Frontend's CSS expect for fonts and images).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const out = join(root, "webapp", "static");
const nm = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const copies = [
  ["govuk-frontend/dist/govuk/assets", "."],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.css", "govuk-frontend.min.css"],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/assets", "."],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.css", "moj-frontend.min.css"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["axe-core/axe.min.js", "axe.min.js"],  // for the accessibility checks in tests/browser
  ["chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
];
for (const [from, to] of copies) {
  cpSync(join(nm, from), join(out, to), { recursive: true });
}
for (const own of ["app.css", "app.js", "js-enabled.js"]) {
  cpSync(join(here, own), join(out, own));
}
cpSync(join(here, "statistics.js"), join(out, "statistics.js"));  // the statistics page's charts
console.log(`front-end assets copied to ${out}`);
