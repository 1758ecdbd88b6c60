// Security keys and passkeys (WebAuthn): adding one on the security page, and using one at
// the second step of logging in. The server makes the options and checks the answers
// (eigenkracht/auth/keys.py); this only passes them to and from navigator.credentials.
(function () {
  "use strict";

  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function post(url, csrf, body) {
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false }; });
    });
  }

  function asJson(credential) {
    var response = credential.response;
    var out = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      out.response.userHandle = toText(response.userHandle);
    }
    return out;
  }

  function setUp(box, register) {
    var button = box.querySelector("[data-webauthn-start]");
    var message = box.querySelector("[data-webauthn-message]");
    var csrf = box.getAttribute("data-csrf");

    function say(text) {
      message.textContent = text;
      message.hidden = !text;
      button.disabled = false;
    }

    // The box is hidden until here: without this script its button could do nothing.
    box.hidden = false;
    if (!window.PublicKeyCredential || !navigator.credentials) {
      say(box.getAttribute("data-unsupported"));
      button.disabled = true;
      return;
    }
    button.addEventListener("click", function () {
      say("");
      button.disabled = true;
      post(box.getAttribute("data-options-url"), csrf).then(function (options) {
        options.challenge = toBytes(options.challenge);
        if (register) {
          options.user.id = toBytes(options.user.id);
          options.excludeCredentials = descriptors(options.excludeCredentials);
          return navigator.credentials.create({ publicKey: options });
        }
        options.allowCredentials = descriptors(options.allowCredentials);
        return navigator.credentials.get({ publicKey: options });
      }).then(function (credential) {
        var body = { credential: asJson(credential) };
        if (register) {
          var name = document.getElementById("key-name");
          body.name = name ? name.value : "";
        }
        return post(box.getAttribute("data-verify-url"), csrf, body);
      }).then(function (answer) {
        if (answer && answer.ok && answer.redirect) {
          window.location.assign(answer.redirect);
        } else {
          say((answer && answer.message) || box.getAttribute("data-cancelled"));
        }
      }).catch(function () {
        say(box.getAttribute("data-cancelled"));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-webauthn-register]").forEach(function (box) {
      setUp(box, true);
    });
    document.querySelectorAll("[data-webauthn-login]").forEach(function (box) {
      setUp(box, false);
    });
  });
})();
