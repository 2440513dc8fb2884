document.querySelectorAll("img.zoomable").forEach(function (img) {
  img.addEventListener("click", function () { img.classList.toggle("zoomed"); });
});
document.querySelectorAll("button[data-zoom]").forEach(function (button) {
  var img = document.getElementById(button.getAttribute("data-zoom"));
  button.addEventListener("click", function () { if (img) { img.classList.toggle("zoomed"); } });
});
