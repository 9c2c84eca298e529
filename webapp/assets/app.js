// Starts GOV.UK Frontend components. Pages work without this: it only adds behaviour.
import { initAll } from "./govuk-frontend.min.js";
initAll();
document.body.addEventListener("htmx:afterSwap", (event) => initAll({ scope: event.detail.target }));
