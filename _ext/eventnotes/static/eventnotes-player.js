/*
 * Click-to-play recordings (eventnotes.player).
 *
 * Until the reader presses a player's button, the page requests nothing from
 * the video's service: the button is local, and the service's player address
 * waits in its data-eventnotes-embed attribute.  Pressing it (click, Enter or
 * Space: it is a <button>) puts that address in a titled <iframe>, in the
 * button's place, and moves the focus there so that a keyboard user goes on
 * in the player.
 */
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-eventnotes-embed]");
  if (!button) return;
  const address = button.dataset.eventnotesEmbed;
  // The build writes only https addresses of the services' players; anything else is left alone.
  if (!address.startsWith("https://")) return;
  const frame = document.createElement("iframe");
  frame.className = "eventnotes-player-frame";
  frame.src = address;
  frame.title = button.dataset.eventnotesTitle || button.getAttribute("aria-label");
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  // The players refuse to play without knowing the embedding site; its origin is enough.
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  button.replaceWith(frame);
  frame.focus();
});
