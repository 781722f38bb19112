// A form's required boxes say what is missing in Vietnamese: left to itself, the browser stops the form
// in the language of its own menus («Please fill out this field.» in an English Chrome). A box may say
// its own words in data-required; the assign forms' school lists (schools.js) say theirs already.
(function () {
  "use strict";
  var said = {
    checkbox: "Đánh dấu ô này để xác nhận.",
    text: "Chưa điền ô này.",
    password: "Chưa điền mật khẩu.",
  };
  document.querySelectorAll("input[required], textarea[required]").forEach(function (box) {
    var words = box.dataset.required || said[box.type] || said.text;
    box.addEventListener("invalid", function () {
      if (box.validity.valueMissing) box.setCustomValidity(words);
    });
    var clear = function () { box.setCustomValidity(""); };
    box.addEventListener("input", clear);
    box.addEventListener("change", clear);
  });
})();
