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

// Facets still being counted (data-pending): fetch the page again, a little later each time,
// and put its facets in place once they are there.
const pendingFacets = document.querySelector("section.facets[data-pending]");
if (pendingFacets && window.fetch && window.DOMParser) {
  let tries = 0;
  const refresh = () => {
    tries += 1;
    fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("section.facets");
        const current = document.querySelector("section.facets");
        if (!fresh || !current) return;
        current.replaceWith(document.importNode(fresh, true));
        if (fresh.hasAttribute("data-pending") && tries < 8) setTimeout(refresh, 1000 * (tries + 1));
      })
      .catch(() => {});
  };
  setTimeout(refresh, 1000);
}
