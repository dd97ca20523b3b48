import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context.tsx';
import { getApi } from './api/get-api.ts';
import { App } from './app.tsx';
import { MissingToken } from './missing-token.tsx';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const lookup = getApi();
createRoot(container).render(
  <StrictMode>
    {lookup.kind === 'ready' ? (
      <ApiProvider api={lookup.api}>
        <App />
      </ApiProvider>
    ) : (
      <MissingToken />
    )}
  </StrictMode>,
);
