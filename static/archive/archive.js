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
