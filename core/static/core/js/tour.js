// Guided tours (driver.js): a page declares its steps and calls setupTour(name, steps). The tour
// starts by itself the first time a browser opens the page (remembered in localStorage), and
// again from the page's "Tour" button. Keyboard: Esc closes, ← → and Enter move, Tab stays in
// the step; focus goes to the step's Next button, and back to where it was (or the Tour button) when the tour ends.

import { driver } from "../../vendor/driver.js/dist/driver.js.mjs";

/** The localStorage key that says the tour `name` was seen (finished or closed). */
export const tourKey = (name) => `wormwideweb:tour-${name}`;

function seen(name) {
  try {
    return localStorage.getItem(tourKey(name)) === "seen";
  } catch {
    return true; // storage blocked: never pop up uninvited
  }
}

function markSeen(name) {
  try {
    localStorage.setItem(tourKey(name), "seen");
  } catch {
    // storage blocked: the tour may show again, which is harmless
  }
}

/** The element a step points at, if it is on the page and visible (else the step is left out). */
function target(step) {
  if (!step.element) return null;
  const element = typeof step.element === "string" ? document.querySelector(step.element) : step.element;
  return element && element.getClientRects().length ? element : undefined;
}

/**
 * The tour of a page: steps are {element (a selector; none for a centred step), title, text,
 * side}. Starts by itself once `ready` (a promise: the page's first content) has settled,
 * unless the browser saw this tour already. Returns {start}.
 */
export function setupTour(name, steps, { ready = Promise.resolve(), button = document.getElementById("tour") } = {}) {
  const start = () => {
    const before = document.activeElement;
    const shown = steps
      .map((step) => ({ step, element: target(step) }))
      .filter(({ element }) => element !== undefined);
    const tour = driver({
      steps: shown.map(({ step, element }) => ({
        element: element || undefined,
        popover: { title: step.title, description: step.text, side: step.side || "bottom", align: "start" },
      })),
      showProgress: true,
      progressText: "{{current}} of {{total}}",
      nextBtnText: "Next →",
      prevBtnText: "← Back",
      doneBtnText: "Done",
      allowKeyboardControl: true,
      animate: false, // no transition to wait for (and none for those who prefer reduced motion)
      smoothScroll: false,
      stagePadding: 4,
      popoverClass: "site-tour",
      onPopoverRender: (popover) => {
        popover.wrapper.setAttribute("role", "dialog");
        popover.wrapper.setAttribute("aria-modal", "true");
        popover.wrapper.setAttribute("aria-labelledby", popover.title.id = `tour-title-${name}`);
        if (!popover.wrapper.dataset.keys) {
          popover.wrapper.dataset.keys = "1"; // the wrapper is kept from step to step
          popover.wrapper.addEventListener("keydown", (event) => {
            // Enter anywhere in the step but on a button moves on (a button's own Enter clicks it).
            if (event.key === "Enter" && event.target.tagName !== "BUTTON") {
              event.preventDefault();
              popover.wrapper.querySelector(".driver-popover-next-btn")?.click();
            }
          });
        }
        queueMicrotask(() => popover.nextButton.focus()); // after driver.js focuses the first button (Close)
      },
      onDestroyed: () => {
        markSeen(name);
        // Back where the keyboard was (the Tour button when the tour started by itself).
        (before && before !== document.body && before.isConnected ? before : button)?.focus();
      },
    });
    tour.drive();
    return tour;
  };
  button?.addEventListener("click", () => start());
  if (!seen(name)) ready.catch(() => {}).then(() => (seen(name) ? null : start()));
  return { start };
}
