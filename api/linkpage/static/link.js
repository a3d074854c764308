// Links a browser wallet: ask the server for an EIP-4361 message for the
// wallet's address and chain, have the wallet sign it (personal_sign),
// and post both to /v1/link/verify with the bot's one-time link token.
(function () {
  "use strict";
  var button = document.getElementById("connect");
  var status = document.getElementById("status");
  if (!button) { return; }
  var chains = (button.dataset.chains || "").split(",").filter(Boolean).map(Number);
  function show(msg, cls) { status.textContent = msg; status.className = cls || "note"; }
  function fail(e) {
    var msg = (e && e.message) || String(e);
    if (e && e.code === 4001) { msg = "You declined the request in your wallet. Nothing was linked."; }
    show(msg, "err");
    button.disabled = false;
  }
  function post(path, body) {
    return fetch(path, {
      method: "POST", credentials: "omit",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw new Error(j.detail || j.error || r.statusText); }
        return j;
      });
    });
  }
  // personal_sign takes the message as hex-encoded UTF-8.
  function hexUTF8(text) {
    var bytes = new TextEncoder().encode(text), out = "0x";
    for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return out;
  }
  function chainFor(current) {
    if (chains.length === 0 || chains.indexOf(current) >= 0) { return Promise.resolve(current); }
    var want = chains[0];
    return window.ethereum.request({ method: "wallet_switchEthereumChain", params: [{ chainId: "0x" + want.toString(16) }] })
      .then(function () { return want; });
  }
  button.addEventListener("click", function () {
    if (!window.ethereum) {
      fail("No browser wallet found. Install one, or open this page in your wallet app's browser.");
      return;
    }
    button.disabled = true;
    show("Waiting for your wallet…");
    var address, chainId;
    window.ethereum.request({ method: "eth_requestAccounts" }).then(function (accounts) {
      address = accounts[0];
      return window.ethereum.request({ method: "eth_chainId" });
    }).then(function (id) {
      return chainFor(parseInt(id, 16));
    }).then(function (id) {
      chainId = id;
      return post("/link/message", { address: address, chain_id: chainId });
    }).then(function (m) {
      show("Sign the message in your wallet…");
      return window.ethereum.request({ method: "personal_sign", params: [hexUTF8(m.message), address] }).then(function (sig) {
        return post("/v1/link/verify", { message: m.message, signature: sig, link_token: button.dataset.token || undefined });
      });
    }).then(function () {
      show("Linked. You can close this page.", "ok");
      button.hidden = true;
    }).catch(fail);
  });
})();
