// Progressive enhancement only: every action also works as a plain form without JavaScript.
// Keys: a / r / c pick approve / reject / request changes and move to the reason; n opens the queue's next item.
document.addEventListener("keydown", function (event) {
  var t = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && t.type !== "radio")) return;
  var outcomes = {a: "o-approve", r: "o-reject", c: "o-request_changes"};
  if (outcomes[event.key]) {
    var radio = document.getElementById(outcomes[event.key]);
    if (radio) { radio.checked = true; event.preventDefault(); document.getElementById("reason_code").focus(); }
  } else if (event.key === "n") {
    var next = document.getElementById("next-item") || document.getElementById("back");
    if (next) { event.preventDefault(); window.location.href = next.href; }
  }
});
