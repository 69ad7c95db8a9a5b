// Injected into a copy of the Snakemake report by tests/test_report.py: records the landing page, then walks
// through every result category, opens each result's information panel (its caption) and writes the text the page rendered into
// <pre id="likertpipe-probe">, which headless Chromium's --dump-dom then shows to the test.
window.addEventListener("load", async () => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const link = (text) => [...document.querySelectorAll("a")].find((a) => a.innerText.trim() === text);
  await sleep(1000);
  // The landing page: its text, then what it shows besides text (its figures embedded, the rule graph or not).
  const figures = [...document.querySelectorAll("img[data-result]")];
  const embedded = figures.filter((img) => img.src.startsWith("data:image/png") && img.naturalWidth > 0);
  const graph = document.querySelector("div#rulegraph") !== null;
  const seen = [document.body.innerText + `\nLANDING FIGURES ${embedded.length} of ${figures.length}` +
                `\nLANDING RULE GRAPH ${graph ? "yes" : "no"}`];
  // The report's categories are numbered ("1. Tables", workflow/rules/common.smk REPORT_CATEGORIES).
  const categories = [...document.querySelectorAll("nav a")].map((a) => a.innerText.trim())
    .filter((text) => /^\d+\. /.test(text));
  for (const category of categories) {
    link(category).click();
    await sleep(300);
    const rows = document.querySelectorAll("a[iconname='information-circle']").length;
    for (let row = 0; row < rows; row++) {
      document.querySelectorAll("a[iconname='information-circle']")[row].click();
      await sleep(300);
      seen.push(document.body.innerText);
      link("Results").click();
      await sleep(300);
      link(category).click();
      await sleep(300);
    }
    link("Results").click();
    await sleep(300);
  }
  const out = document.createElement("pre");
  out.id = "likertpipe-probe";
  out.textContent = seen.join("\n=====\n");
  document.body.appendChild(out);
});
