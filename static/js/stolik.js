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

	/* Near me: where the browser says it is, into the search form's lat
	 * and lng (the city gives way); refused or unsupported, the city
	 * field stays the way to search */
	Array.prototype.forEach.call(document.querySelectorAll("[data-near-me]"), function (b) {
		var form = b.form, box = b.parentNode, status = box.querySelector(".near-status");
		if (!form || !navigator.geolocation)
			return;
		box.hidden = false;
		var put = function (name, value) {
			var el = form.querySelector("input[type=hidden][name=" + name + "]");
			if (!el) {
				el = document.createElement("input");
				el.type = "hidden";
				el.name = name;
				form.appendChild(el);
			}
			el.value = value;
		};
		b.addEventListener("click", function () {
			b.disabled = true;
			status.textContent = b.getAttribute("data-busy");
			navigator.geolocation.getCurrentPosition(function (p) {
				put("lat", p.coords.latitude.toFixed(5));
				put("lng", p.coords.longitude.toFixed(5));
				if (!form.querySelector("input[name=radius_km]"))
					put("radius_km", "5");
				if (form.elements.city)
					form.elements.city.value = "";
				form.submit();
			}, function () {
				b.disabled = false;
				status.textContent = b.getAttribute("data-denied");
				if (form.elements.city)
					form.elements.city.focus();
			}, { maximumAge: 300000, timeout: 15000 });
		});
	});
})();
