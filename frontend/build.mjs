// Copies the npm packages' built files and our own sources into dist/, which Django serves
// (whitenoise). Nothing is loaded from a CDN at page load.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/vendor/kern/fonts`, { recursive: true });
mkdirSync(`${out}/vendor/htmx`, { recursive: true });

const kern = "node_modules/@kern-ux/native/dist";
cpSync(`${kern}/kern.min.css`, `${out}/vendor/kern/kern.min.css`);
cpSync(`${kern}/fonts/fira-sans.css`, `${out}/vendor/kern/fonts/fira-sans.css`);
cpSync(`${kern}/fonts/fira-sans`, `${out}/vendor/kern/fonts/fira-sans`, { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/vendor/htmx/htmx.min.js`);
cpSync("src", `${out}/app`, { recursive: true });
console.log("front-end assets built into frontend/dist");
