import { browser } from '$app/environment';

export type Theme = 'dark' | 'light';

const storageKey = 'theme';

/**
 * Dark first, light on request; remembered in localStorage and applied as `class="dark"` on
 * <html> (app.html applies it before first paint, this keeps it in step afterwards).
 */
class ThemeState {
  current = $state<Theme>(
    browser && !document.documentElement.classList.contains('dark') ? 'light' : 'dark',
  );

  toggle(): void {
    this.set(this.current === 'dark' ? 'light' : 'dark');
  }

  set(theme: Theme): void {
    this.current = theme;
    if (!browser) return;
    document.documentElement.classList.toggle('dark', theme === 'dark');
    try {
      localStorage.setItem(storageKey, theme);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }
}

export const theme = new ThemeState();
