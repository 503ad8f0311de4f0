// The web app's entry: render the app into #root.

import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './app/app.css';

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<App />);
