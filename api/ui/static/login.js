// Sign-In with Ethereum for dashboard admins: fetch a nonce, have the
// browser wallet sign an EIP-4361 message, post it back.
(function () {
  "use strict";
  var button = document.getElementById("siwe");
  var errorBox = document.getElementById("login-error");
  if (!button) { return; }
  function fail(msg) { errorBox.textContent = msg; errorBox.hidden = false; button.disabled = false; }
  function post(path, body) {
    return fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": button.dataset.csrf },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error || r.statusText); } return j; });
    });
  }
  button.addEventListener("click", function () {
    if (!window.ethereum) { fail("No browser wallet found."); return; }
    button.disabled = true;
    var address, chainId;
    window.ethereum.request({ method: "eth_requestAccounts" }).then(function (accounts) {
      address = accounts[0];
      return window.ethereum.request({ method: "eth_chainId" });
    }).then(function (id) {
      chainId = parseInt(id, 16);
      return post("/ui/login/nonce", { address: address, chain_id: chainId });
    }).then(function (n) {
      return window.ethereum.request({ method: "personal_sign", params: [n.message, address] }).then(function (sig) {
        return post("/ui/login/siwe", { message: n.message, signature: sig });
      });
    }).then(function (res) {
      window.location.assign(res.redirect);
    }).catch(function (e) { fail(e.message || String(e)); });
  });
})();
