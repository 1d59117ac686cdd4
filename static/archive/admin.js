// The claim change form: scroll the "In the article" box so the highlighted claim is in view
// (its context starts up to 1,500 characters before it). Works without it: the box scrolls by hand.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".claim-context").forEach((box) => {
    const mark = box.querySelector("mark");
    if (!mark) return;
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 3;
  });
});
