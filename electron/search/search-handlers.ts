import type { Handlers } from '../service/service-types.ts';
import type { SearchService } from './search-service.ts';

type SearchChannel = 'searchMessages' | 'searchServer' | 'listSavedSearches' | 'saveSearch' | 'removeSavedSearch';

// The search channels of the contract, for createService to spread into its handlers.
export function createSearchHandlers(search: SearchService): Pick<Handlers, SearchChannel> {
  return {
    searchMessages({ query, sort, offset, limit }) {
      return search.search(query, sort, offset, limit);
    },
    searchServer({ query }) {
      return search.searchServer(query);
    },
    listSavedSearches() {
      return search.listSaved();
    },
    saveSearch({ name, query, sort }) {
      return search.save(name, query, sort);
    },
    async removeSavedSearch({ savedSearchId }) {
      await search.removeSaved(savedSearchId);
      return null;
    },
  };
}
