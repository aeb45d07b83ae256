import { onMount } from 'svelte';
import { browser } from '$app/environment';

/**
 * What a server-rendered form held the moment this page's JavaScript began to run: its field
 * names, and the values and choices in them.
 */
export interface TypedFields {
  names: Set<string>;
  values: FormData;
}

/** Fields whose value hydration never touches, or that must not be set from a script. */
const untouched = new Set(['hidden', 'file', 'password', 'submit', 'button', 'reset', 'image']);

/**
 * Keeps what a person typed or chose before the page's JavaScript arrived.
 *
 * A page is usable as soon as its HTML is: on a slow phone a respondent may answer half a survey
 * before the scripts load. Hydration then sets every field back to the value it was rendered
 * with (`value={…}`, `checked={…}`), which would wipe those answers. Called while the component
 * is set up (its script runs before its markup is hydrated), this reads the form `id` as the
 * person left it and puts the same values back once the page is mounted.
 *
 * Only on the first page of a visit: after a client-side navigation there is no server-rendered
 * form to keep (the root layout marks `<html data-hydrated>` once the first page is live).
 * Returns what it found, for a component whose own state depends on a field (the survey's consent).
 */
export function keepTypedFields(id: string): TypedFields | null {
  const typed = readTyped(id);
  if (typed) onMount(() => restoreTyped(document.getElementById(id), typed));
  return typed;
}

function readTyped(id: string): TypedFields | null {
  if (!browser || document.documentElement.hasAttribute('data-hydrated')) return null;
  const form = document.getElementById(id);
  if (!(form instanceof HTMLFormElement)) return null;
  const names = new Set<string>();
  for (const element of form.elements) {
    if (isField(element) && element.name && !element.disabled) names.add(element.name);
  }
  return { names, values: new FormData(form) };
}

/** Sets each field the form had before hydration back to what it held then. */
function restoreTyped(form: HTMLElement | null, typed: TypedFields): void {
  if (!(form instanceof HTMLFormElement)) return;
  for (const element of form.elements) {
    if (!isField(element) || !typed.names.has(element.name)) continue;
    const values = typed.values.getAll(element.name).map(String);
    if (element instanceof HTMLInputElement) {
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = values.includes(element.value);
      } else if (values.length > 0) {
        element.value = values[0]!;
      }
    } else if (element instanceof HTMLSelectElement) {
      for (const option of element.options) option.selected = values.includes(option.value);
    } else if (values.length > 0) {
      element.value = values[0]!;
    }
  }
}

function isField(
  element: Element,
): element is HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  if (element instanceof HTMLInputElement) return !untouched.has(element.type);
  return element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
}
