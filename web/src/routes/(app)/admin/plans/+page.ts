import { loadAdminCatalog } from '$lib/catalog/load';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, parent, depends }) => {
  depends('app:catalog');
  return loadAdminCatalog(url, parent);
};
