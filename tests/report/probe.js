// Injected into a copy of the Snakemake report by tests/test_report.py: walks through every result category,
// opens each result's information panel (its caption) and writes the text the page rendered into
// <pre id="likertpipe-probe">, which headless Chromium's --dump-dom then shows to the test.
window.addEventListener("load", async () => {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const link = (text) => [...document.querySelectorAll("a")].find((a) => a.innerText.trim() === text);
  const seen = [document.body.innerText];
  await sleep(1000);
  const categories = [...document.querySelectorAll("nav a")].map((a) => a.innerText.trim())
    .filter((text) => ["Data", "Figures", "Tables", "Documents"].includes(text));
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
