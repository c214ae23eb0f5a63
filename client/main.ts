import { mount } from 'svelte';
import App from './App.svelte';
import { registerPageFonts } from './ui/fonts.ts';
import { wordFormChecks } from './ui/validity.ts';
import { locale } from './state/locale.svelte.ts';
import './app.css';

registerPageFonts();
wordFormChecks(document, () => locale.t);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
