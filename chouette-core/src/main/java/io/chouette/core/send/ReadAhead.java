package io.chouette.core.send;

import io.chouette.core.storage.StorageActor;
import io.chouette.core.storage.StoredKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The next bulk of a drain, read before the bulk just sent is deleted (DESIGN §5), so that the
 * store deletes while the sender parses the next bulk; the next bulk is posted only once the
 * deletion is done, so a crash repeats at most one bulk. The keys are asked for from the newest
 * timestamp of the sent bulk on ({@link KeySelection#requestAfter}): the sent keys at that
 * timestamp are still in the store and are left out here.
 */
final class ReadAhead {

  private final boolean sentHistorical;
  private final double newest;
  private final Set<String> sentAtNewest = new HashSet<>();
  private final List<String> toDelete;
  private final int bulkSize;
  private KeySelection.Bulk bulk;
  private List<String> keys;

  ReadAhead(KeySelection.Bulk sent, List<String> toDelete, int bulkSize) {
    this.sentHistorical = sent.historical();
    this.newest = sent.keys().stream().mapToDouble(StoredKey::timestamp).max().orElseThrow();
    for (StoredKey key : sent.keys()) {
      if (key.timestamp() == newest) {
        sentAtNewest.add(key.key());
      }
    }
    this.toDelete = toDelete;
    this.bulkSize = bulkSize;
  }

  /** The Storage request for the next bulk's keys. */
  StorageActor.Command request(KeySelection selection, ActorRef<StorageActor.Reply> replyTo) {
    return selection.requestAfter(replyTo, newest, sentAtNewest.size(), sentHistorical);
  }

  /** The collected keys without the sent ones, at most a bulk of them, oldest first. */
  List<StoredKey> withoutSent(List<StoredKey> collected) {
    List<StoredKey> next = new ArrayList<>(Math.min(collected.size(), bulkSize));
    for (StoredKey key : collected) {
      if (next.size() == bulkSize) {
        break;
      }
      if (!sentAtNewest.contains(key.key())) {
        next.add(key);
      }
    }
    return next;
  }

  /** The settled keys of the bulk just sent, to delete. */
  List<String> toDelete() {
    return toDelete;
  }

  void keysChosen(KeySelection.Bulk chosen) {
    bulk = chosen;
    keys = chosen.keys().stream().map(StoredKey::key).toList();
  }

  KeySelection.Bulk bulk() {
    return bulk;
  }

  List<String> keys() {
    return keys;
  }
}
