// Starts Swagger UI on /api/docs (kept out of the page: the CSP forbids inline scripts).
(function () {
  var root = document.getElementById('swagger-ui');
  if (!root || typeof window.SwaggerUIBundle !== 'function') return;
  root.textContent = '';
  window.SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    docExpansion: 'list',
    tryItOutEnabled: false,
    validatorUrl: null,
  });
})();
