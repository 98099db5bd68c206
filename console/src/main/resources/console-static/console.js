// Review page keys: space play/pause, 1–9 toggle the top species, Enter submit, N next (skip).
// Species search filters the tick-boxes by code or name. Nothing here is needed to answer: the
// form works without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('answer');
  if (!form) return;
  const audio = document.getElementById('clip');
  const search = document.getElementById('species-search');
  const none = document.getElementById('none');
  const typing = (el) => el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && (el.type === 'search' || el.type === 'text')));
  document.addEventListener('keydown', (e) => {
    if (typing(document.activeElement) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') {
      e.preventDefault();
      if (audio.paused) audio.play(); else audio.pause();
    } else if (/^[1-9]$/.test(e.key)) {
      const box = form.querySelector('input[data-key="' + e.key + '"]');
      if (box) { box.checked = !box.checked; if (box.checked && none) none.checked = false; }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      form.requestSubmit();
    } else if (e.key === 'n' || e.key === 'N') {
      document.getElementById('skip').click();
    }
  });
  if (search) {
    search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      form.querySelectorAll('ul.species li').forEach((li) => {
        li.classList.toggle('hidden', q !== '' && !li.dataset.search.includes(q));
      });
    });
  }
  if (none) {
    none.addEventListener('change', () => {
      if (none.checked) form.querySelectorAll('input[name="species"]').forEach((b) => { b.checked = false; });
    });
  }
});
