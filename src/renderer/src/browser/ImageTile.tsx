import { memo, useState } from 'react';
import type { ImageListItem } from './image-pages';

function Badges({ item }: { item: ImageListItem }) {
  return (
    <span className="badges">
      {item.accepted > 0 && (
        <span className="badge accepted" title={`${item.accepted} accepted`}>
          ✓ {item.accepted}
        </span>
      )}
      {item.needsReview > 0 && (
        <span className="badge review" title={`${item.needsReview} need review`}>
          ● {item.needsReview}
        </span>
      )}
      {item.expressions > 0 && (
        <span className="badge expressions" title={`${item.expressions} expressions`}>
          “” {item.expressions}
        </span>
      )}
      {item.groundTruth > 0 && (
        <span className="badge gt" title={`${item.groundTruth} ground-truth annotations`}>
          GT {item.groundTruth}
        </span>
      )}
    </span>
  );
}

/** One grid cell; `item` is undefined while its page loads (the cell keeps its place, so nothing jumps). */
export const ImageTile = memo(function ImageTile({
  index,
  item,
  src,
  focused,
  left,
  top,
  width,
  height,
  onOpen,
  onFocus,
}: {
  index: number;
  item: ImageListItem | undefined;
  src: string | null;
  focused: boolean;
  left: number;
  top: number;
  width: number;
  height: number;
  onOpen: (index: number) => void;
  onFocus: (index: number) => void;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <div
      id={`tile-${index}`}
      role="option"
      aria-selected={focused}
      aria-label={item ? item.path : `image ${index + 1}, loading`}
      className={focused ? 'tile focused' : 'tile'}
      style={{ transform: `translate(${left}px, ${top}px)`, width, height }}
      data-testid="grid-tile"
      data-index={index}
      data-image-id={item?.id}
      onClick={() => onFocus(index)}
      onDoubleClick={() => onOpen(index)}
    >
      <div className="thumb">
        {item && src && failed !== src ? (
          <img src={src} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setFailed(src)} />
        ) : (
          <span className="thumb-empty">{item ? 'no preview' : ''}</span>
        )}
      </div>
      <div className="tile-caption">
        <span className="tile-path" title={item?.path}>
          {item?.path ?? '…'}
        </span>
        {item && <Badges item={item} />}
      </div>
    </div>
  );
});
