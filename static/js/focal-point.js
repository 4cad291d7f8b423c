// A picture's page in the media library: a click on the preview sets the focal point fields.
"use strict";

document.addEventListener("click", (event) => {
  const preview = event.target.closest("img.focal-preview");
  if (!preview) return;
  const box = preview.getBoundingClientRect();
  const across = Math.round(((event.clientX - box.left) / box.width) * 100);
  const down = Math.round(((event.clientY - box.top) / box.height) * 100);
  document.getElementById("id_focal_x").value = Math.min(100, Math.max(0, across));
  document.getElementById("id_focal_y").value = Math.min(100, Math.max(0, down));
});
