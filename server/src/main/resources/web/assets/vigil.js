// Vigil's pages work without this script; it only shows times in the reader's own time zone.
(function () {
  "use strict";
  function localTimes() {
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var t = new Date(times[i].getAttribute("datetime"));
      if (!isNaN(t.getTime())) {
        times[i].textContent = t.toLocaleString(undefined, {
          dateStyle: "medium",
          timeStyle: "short"
        });
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", localTimes);
  } else {
    localTimes();
  }
})();
