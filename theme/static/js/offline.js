// Lets the site work offline after one visit: registers the service worker (sw.js,
// written by the build). Without JavaScript or service workers the site works as ever.
if ("serviceWorker" in navigator) {
  const worker = new URL(document.currentScript.dataset.worker, document.baseURI);
  addEventListener("load", () => {
    navigator.serviceWorker.register(worker, { scope: new URL("./", worker) })
      .catch((error) => console.warn("offline copy unavailable:", error));
  });
}
