/* The hub's one-to-one call page. The hub only relays signalling over /call/<room>/ws;
   media flows peer to peer. Whoever was in the room first makes the offer when the other
   side arrives; every offer starts a fresh RTCPeerConnection on both sides. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("call-config").textContent);
  var strings = {};
  document.querySelectorAll("#strings li").forEach(function (li) { strings[li.dataset.key] = li.textContent; });
  var statusEl = document.getElementById("status");
  var remoteEl = document.getElementById("remote");
  var localEl = document.getElementById("local");
  var timerEl = document.getElementById("timer");
  var pc = null, ws = null, local = null, pending = [], over = false, offerer = false;
  var connectedAt = 0, everJoined = false, retries = 0, timerId = 0;
  var state = { connection: "new", role: config.role, status: "connecting", over: false };
  window.callState = state;
  window.callPeer = function () { return pc; };

  function say(key) {
    statusEl.textContent = strings[key] || key;
    statusEl.dataset.key = key;
    state.status = key;
    document.body.classList.toggle("live", key === "connected");
  }

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(message)); }
  }

  function startMedia() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("no_camera");
      return Promise.resolve();
    }
    return navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true })
      .then(function (stream) { local = stream; localEl.srcObject = stream; })
      .catch(function () { say("no_camera"); });
  }

  function newPeer() {
    if (pc) { pc.close(); }
    pc = new RTCPeerConnection({ iceServers: config.iceServers });
    pending = [];
    if (local) {
      local.getTracks().forEach(function (track) { pc.addTrack(track, local); });
    } else {
      pc.addTransceiver("video", { direction: "recvonly" });
      pc.addTransceiver("audio", { direction: "recvonly" });
    }
    var mine = pc;
    pc.onicecandidate = function (event) {
      if (event.candidate && mine === pc) { send({ type: "candidate", candidate: event.candidate }); }
    };
    pc.ontrack = function (event) {
      if (remoteEl.srcObject !== event.streams[0]) { remoteEl.srcObject = event.streams[0]; }
    };
    pc.onconnectionstatechange = function () {
      if (mine !== pc) { return; }
      state.connection = pc.connectionState;
      if (pc.connectionState === "connected") {
        say("connected");
        startTimer();
      } else if (pc.connectionState === "failed" && !over) {
        say("reconnecting");
        if (offerer) { makeOffer(); }
      }
    };
  }

  function makeOffer() {
    offerer = true;
    newPeer();
    return pc.createOffer()
      .then(function (offer) { return pc.setLocalDescription(offer); })
      .then(function () { send({ type: "offer", sdp: pc.localDescription }); });
  }

  function flush() {
    var queued = pending;
    pending = [];
    queued.forEach(function (candidate) { pc.addIceCandidate(candidate).catch(function () {}); });
  }

  function onOffer(sdp) {
    offerer = false;
    newPeer();
    return pc.setRemoteDescription(sdp)
      .then(function () { flush(); return pc.createAnswer(); })
      .then(function (answer) { return pc.setLocalDescription(answer); })
      .then(function () { send({ type: "answer", sdp: pc.localDescription }); });
  }

  var handlers = {
    "welcome": function (m) {
      retries = 0;
      if (m.peer) { everJoined = true; say("connecting"); return; }
      say(config.role === "resident" ? "waiting_adviser" : "waiting_resident");
    },
    "peer-joined": function () { everJoined = true; say("connecting"); return makeOffer(); },
    "offer": function (m) { everJoined = true; return onOffer(m.sdp); },
    "answer": function (m) { return pc.setRemoteDescription(m.sdp).then(flush); },
    "candidate": function (m) {
      if (pc && pc.remoteDescription) { return pc.addIceCandidate(m.candidate).catch(function () {}); }
      pending.push(m.candidate);
    },
    "peer-left": function () { say("peer_left"); stopTimer(); if (pc) { pc.close(); pc = null; } },
    "bye": function () { finish("ended"); },
    "replaced": function () { finish("replaced"); },
    "refused": function () { finish("refused"); },
    "closed": function () { finish("room_over"); }
  };

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(scheme + location.host + config.ws);
    ws.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      var handler = handlers[message.type];
      if (handler) { Promise.resolve(handler(message)).catch(function () { say("reconnecting"); }); }
    };
    ws.onclose = function () {
      if (over) { return; }
      retries += 1;
      if (retries > 8) { finish("ended"); return; }
      say("reconnecting");
      setTimeout(connect, Math.min(8000, 500 * Math.pow(2, retries)));
    };
  }

  function startTimer() {
    if (timerId) { return; }
    connectedAt = Date.now();
    timerId = setInterval(function () {
      var s = Math.floor((Date.now() - connectedAt) / 1000);
      timerEl.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
    }, 1000);
  }

  function stopTimer() { clearInterval(timerId); timerId = 0; }

  function finish(key) {
    if (over) { return; }
    over = true;
    state.over = true;
    say(key);
    stopTimer();
    if (pc) { pc.close(); }
    if (local) { local.getTracks().forEach(function (track) { track.stop(); }); }
    if (ws) { ws.close(); }
    document.body.classList.add("over");
    // A terminal's app window closes itself and the kiosk returns; a phone keeps the message.
    setTimeout(function () { window.close(); }, 4000);
  }

  function toggle(button, kind) {
    button.addEventListener("click", function () {
      if (!local) { return; }
      var tracks = kind === "audio" ? local.getAudioTracks() : local.getVideoTracks();
      var off = button.getAttribute("aria-pressed") !== "true";
      tracks.forEach(function (track) { track.enabled = !off; });
      button.setAttribute("aria-pressed", off ? "true" : "false");
      button.textContent = off ? button.dataset.off : button.dataset.on;
    });
  }

  toggle(document.getElementById("mic"), "audio");
  toggle(document.getElementById("cam"), "video");
  document.getElementById("hangup").addEventListener("click", function () {
    send({ type: "bye" });
    finish("ended");
  });
  if (config.ringSeconds > 0 && config.role === "resident") {
    setTimeout(function () { if (!everJoined && !over) { send({ type: "bye" }); finish("no_answer"); } },
               config.ringSeconds * 1000);
  }
  var closesInMs = config.closesAt * 1000 - Date.now();
  if (closesInMs > 0 && closesInMs < 2147483647) {
    setTimeout(function () { finish("room_over"); }, closesInMs);
  }
  startMedia().then(connect);
})();
