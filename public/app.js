// Progressive enhancement only: every page works without this file.
// Auto-submits filter forms marked data-autosubmit when a select changes.
document.addEventListener('change', (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.form && target.form.hasAttribute('data-autosubmit')) {
    target.form.requestSubmit();
  }
});
