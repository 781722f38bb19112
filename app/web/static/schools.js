// The assign forms' school lists hold only each message's candidate schools, and a box beside each
// picks any school from the page's one shared list (<datalist id="school-list">): a list of every
// school in every form made a province's queue megabytes long. With this script each list also holds
// every school, copied from the shared one, and is required while the box beside it is empty, saying so
// in Vietnamese: the browser's own words are in whatever language its menus are.
(function () {
  "use strict";
  var shared = document.getElementById("school-list");
  if (!shared) return;
  var schools = Array.prototype.map.call(shared.options, function (o) {
    return [o.value, o.textContent];
  });
  document.querySelectorAll("select[data-every-school]").forEach(function (select) {
    var listed = {};
    Array.prototype.forEach.call(select.options, function (o) { listed[o.value] = true; });
    // A unit's clerk: only the schools her unit collects in the mail's season (data-only).
    var only = select.dataset.only === undefined ? null : select.dataset.only.split(" ");
    var more = document.createDocumentFragment();
    schools.forEach(function (s) {
      if (!listed[s[0]] && (only === null || only.indexOf(s[0]) >= 0)) {
        more.appendChild(new Option(s[1] + " (" + s[0] + ")", s[0]));
      }
    });
    select.appendChild(more);
    var box = select.form && select.form.elements.namedItem("school");
    var say = function () {
      select.setCustomValidity(
        select.required && !select.value ? "Chọn trường trong danh sách, hoặc gõ tên hay mã trường vào ô bên cạnh." : ""
      );
    };
    var follow = function () { select.required = !(box && box.value.trim()); say(); };
    select.addEventListener("change", say);
    if (box) box.addEventListener("input", follow);
    follow();
  });
})();
