/* stolik.js: small improvements; every page works without it. */
(function () {
	"use strict";

	/* the hold countdown on the details page */
	var hold = document.querySelector("[data-countdown]");
	if (hold) {
		var left = parseInt(hold.getAttribute("data-countdown"), 10) || 0;
		var out = hold.querySelector(".countdown");
		var end = Date.now() + left * 1000;
		var tick = function () {
			var s = Math.max(0, Math.round((end - Date.now()) / 1000));
			out.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
			if (s === 0) {
				hold.textContent = "Your hold has expired. Reload the page to see the times again.";
				hold.className += " expired";
				return;
			}
			setTimeout(tick, 1000);
		};
		tick();
	}

	/* the date and party pickers show times as soon as they change */
	var forms = document.querySelectorAll("form[data-autosubmit]");
	Array.prototype.forEach.call(forms, function (f) {
		Array.prototype.forEach.call(f.querySelectorAll("input, select"), function (el) {
			el.addEventListener("change", function () { f.submit(); });
		});
	});
})();
