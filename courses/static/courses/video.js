// Load an embedded player only when the learner asks for it: until then the page makes no request
// to the video site. Without JavaScript the link simply opens the video on that site.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-video-load]");
  if (!link) return;
  var box = link.closest("[data-video-embed]");
  if (!box) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.src = box.getAttribute("data-player-url");
  frame.title = box.getAttribute("data-title");
  frame.className = "video__frame";
  frame.setAttribute("allow", "fullscreen; picture-in-picture");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  box.replaceChildren(frame);
  frame.focus();
});
