// Runs at the start of <body> (an external file, so the CSP needs no 'unsafe-inline'): tells
// GOV.UK Frontend's CSS that JavaScript is on and modules are supported.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
