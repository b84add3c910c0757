/* stolik.js: small improvements; every page works without it. */
(function () {
	"use strict";

	/* the words it writes come from the page's language (layout.cs puts
	 * them on this script's element as data-*) */
	var me = document.currentScript;
	var say = function (name) {
		return (me && me.getAttribute("data-" + name)) || "";
	};

	/* the hold countdown on the details page; at 0 the form is closed */
	var hold = document.querySelector("[data-countdown]");
	if (hold) {
		var left = parseInt(hold.getAttribute("data-countdown"), 10) || 0;
		var out = hold.querySelector(".countdown");
		var end = Date.now() + left * 1000;
		var expire = function () {
			var again = hold.getAttribute("data-again");
			var form = document.querySelector("form.details");
			hold.textContent = say("hold-expired") + " ";
			if (again) {
				var a = document.createElement("a");
				a.href = again;
				a.className = "button";
				a.textContent = say("hold-again");
				hold.appendChild(a);
			}
			hold.className += " expired notice notice-error";
			hold.setAttribute("role", "alert");
			if (form) {
				Array.prototype.forEach.call(form.querySelectorAll("input, textarea, button, select"),
				    function (el) { el.disabled = true; });
				form.setAttribute("aria-disabled", "true");
			}
		};
		var tick = function () {
			var s = Math.max(0, Math.round((end - Date.now()) / 1000));
			out.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
			if (s === 0) {
				expire();
				return;
			}
			setTimeout(tick, 1000);
		};
		tick();
	}

	/*
	 * The date and party pickers show times as they change, without
	 * reloading the page (so focus stays where it is): after a pause the
	 * page is fetched and only the part after the picker is replaced.
	 */
	var forms = document.querySelectorAll("form[data-autosubmit]");
	Array.prototype.forEach.call(forms, function (f) {
		var timer = null, seq = 0;
		var refresh = function () {
			var box = f.parentNode;
			if (!window.fetch || !window.DOMParser || !box.id) {
				f.submit();
				return;
			}
			var params = new URLSearchParams(new FormData(f)).toString();
			var url = f.getAttribute("action").split("#")[0] + "?" + params;
			var mine = ++seq;
			fetch(url, { credentials: "same-origin" }).then(function (res) {
				return res.text();
			}).then(function (html) {
				if (mine !== seq)
					return;
				var doc = new DOMParser().parseFromString(html, "text/html");
				var fresh = doc.getElementById(box.id);
				var picker = fresh && fresh.querySelector("form[data-autosubmit]");
				if (!picker) {
					f.submit();
					return;
				}
				while (f.nextSibling)
					box.removeChild(f.nextSibling);
				while (picker.nextSibling) {
					var n = picker.nextSibling;
					picker.parentNode.removeChild(n);
					box.appendChild(document.importNode(n, true));
				}
				if (window.history && history.replaceState)
					history.replaceState(null, "", url + "#" + box.id);
			}).catch(function () { f.submit(); });
		};
		Array.prototype.forEach.call(f.querySelectorAll("input, select"), function (el) {
			el.addEventListener("change", function () {
				clearTimeout(timer);
				timer = setTimeout(refresh, 600);
			});
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

	/* a form with field errors puts the focus on the first of them */
	var bad = document.querySelector("[aria-invalid=true]");
	if (bad && bad.focus)
		bad.focus();
})();
