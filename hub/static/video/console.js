/* Adviser console: poll for "call now" rings; show the notice with answer buttons and beep. */
(function () {
  "use strict";
  var box = document.getElementById("ringing");
  if (!box) { return; }
  var list = document.getElementById("ringing-list");
  var csrf = document.querySelector("#duty-form input[name=csrf]").value;
  var answerText = box.dataset.answer;
  var audio = null;

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.4);
    } catch (e) { /* no sound available: the notice still shows */ }
  }

  function show(ringing) {
    var ids = ringing.map(function (c) { return String(c.id); });
    list.querySelectorAll("li").forEach(function (li) {
      if (ids.indexOf(li.dataset.call) < 0) { li.remove(); }
    });
    ringing.forEach(function (call) {
      if (list.querySelector('li[data-call="' + call.id + '"]')) { return; }
      var li = document.createElement("li"), form = document.createElement("form");
      var where = document.createElement("span");
      var token = document.createElement("input"), button = document.createElement("button");
      li.dataset.call = String(call.id);
      form.method = "post";
      form.action = "/admin/console/calls/" + call.id + "/answer";
      form.target = "_blank";
      form.className = "inline";
      token.type = "hidden";
      token.name = "csrf";
      token.value = csrf;
      button.className = "primary";
      button.dataset.call = String(call.id);
      button.textContent = answerText;
      form.appendChild(token);
      form.appendChild(button);
      li.appendChild(form);
      where.className = "help";
      where.textContent = " " + (call.terminal || "");
      li.appendChild(where);
      list.appendChild(li);
    });
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var count = data.ringing.length;
        show(data.ringing);
        if (count > 0) {
          box.hidden = false;
          document.title = "(" + count + ") " + document.title.replace(/^\(\d+\) /, "");
          beep();
        } else {
          box.hidden = true;
          document.title = document.title.replace(/^\(\d+\) /, "");
        }
      })
      .catch(function () {});
  }

  setInterval(poll, parseInt(box.dataset.pollMs, 10) || 3000);
})();
