// The Ask and Imagine controls register their own delegated handlers.
import './answers.js';

// Infinite scroll and the "/" shortcut for the search page. The page keeps a "Load more" button for keyboards.
export function attach(sentinel, page) {
  const observer = new IntersectionObserver(entries => {
    if (entries.some(e => e.isIntersecting)) {
      page.invokeMethodAsync('LoadMoreFromScroll');
    }
  }, { rootMargin: '600px' });
  observer.observe(sentinel);

  const onKey = e => {
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
    if (e.key === '/' && !typing) {
      e.preventDefault();
      document.getElementById('query')?.focus();
    }
  };
  document.addEventListener('keydown', onKey);

  return {
    detach: () => {
      observer.disconnect();
      document.removeEventListener('keydown', onKey);
    },
  };
}
