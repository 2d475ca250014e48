// Starts GOV.UK Frontend's components. Pages work without it; this only enhances them.
import { initAll } from "../../vendor/govuk/govuk-frontend.min.js";

initAll();

// Pages swapped in by htmx get their components started too.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
});
