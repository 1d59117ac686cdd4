// Progressive enhancement only: every page works without this file.
document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
  const target = document.getElementById(button.dataset.copy);
  if (!target || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(target.value || target.textContent).then(() => {
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = "Copy citation"; }, 2000);
    });
  });
});

// Parts of the page still being counted (data-pending: the claims' count and pages, facets):
// fetch the page again, a little later each time, and put each part in place once counted.
const pendingParts = () => Array.from(document.querySelectorAll("[data-pending][id]"));
if (pendingParts().length && window.fetch && window.DOMParser) {
  let tries = 0;
  const refresh = () => {
    tries += 1;
    fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        let still = false;
        pendingParts().forEach((current) => {
          const part = fresh.getElementById(current.id);
          if (!part) {
            current.remove(); // e.g. the pages of a selection that fits on one
            return;
          }
          current.replaceWith(document.importNode(part, true));
          still = still || part.hasAttribute("data-pending");
        });
        if (still && tries < 6) setTimeout(refresh, 500 * 2 ** tries); // 1, 2, 4, 8, 16 s more
      })
      .catch(() => {});
  };
  setTimeout(refresh, 500);
}
