// Runs first in <body>, before anything is drawn: tells GOV.UK Frontend's CSS that JavaScript runs
// (and that ES modules do), so components show their scripted form without a flash of the plain one.
// A file rather than an inline snippet, so the content security policy can refuse every inline script.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
