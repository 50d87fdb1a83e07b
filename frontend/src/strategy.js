// The owner dashboard as a strategy: `strategy: {type: custom:unmanned-store}` in a dashboard's
// configuration. The views come from the integration (unmanned_store/panel/dashboard), which
// knows the shop's entities and the owner's language.
class UnmannedStoreDashboardStrategy extends HTMLElement {
  static async generate(_config, hass) {
    const language = (hass.locale && hass.locale.language) || hass.language;
    const answer = await hass.connection.sendMessagePromise({ type: "unmanned_store/panel/dashboard", language });
    return { views: answer.views };
  }
}

if (!customElements.get("ll-strategy-dashboard-unmanned-store")) {
  customElements.define("ll-strategy-dashboard-unmanned-store", UnmannedStoreDashboardStrategy);
}
