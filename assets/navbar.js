// The navbar's toggler (callbacks/navbar.py): a file, not an inline script, so the CSP needs no hash.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  cockpitNav: {
    toggle: function (clicks, pathname, isOpen) {
      const triggered = window.dash_clientside.callback_context.triggered.map((t) => t.prop_id);
      if (triggered.some((id) => id.endsWith(".pathname"))) {
        return false;
      }
      return !isOpen;
    },
  },
});
