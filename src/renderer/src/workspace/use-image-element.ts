// Loads an image file into an HTMLImageElement for Konva and the thumbnails.
import { useEffect, useState } from 'react';

interface State {
  src: string | null;
  image: HTMLImageElement | null;
  error: string | null;
}

export function useImageElement(src: string | null): { image: HTMLImageElement | null; error: string | null } {
  const [state, setState] = useState<State>({ src: null, image: null, error: null });
  useEffect(() => {
    if (!src) return;
    let live = true;
    const image = new Image();
    image.decoding = 'async';
    image.onload = () => live && setState({ src, image, error: null });
    image.onerror = () => live && setState({ src, image: null, error: `the image file could not be loaded (${src})` });
    image.src = src;
    return () => {
      live = false;
      image.onload = null;
      image.onerror = null;
    };
  }, [src]);
  return state.src === src ? { image: state.image, error: state.error } : { image: null, error: null };
}
