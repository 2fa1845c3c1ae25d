package dev.unstuck.chat.console;

import dev.unstuck.chain.ChainLink;

/**
 * One link of a cause chain as the history page draws it.
 *
 * @param kind  namespace, apiservice, service, pod, node, route or cloud-controller
 * @param state ok, broken or unknown: the colour the page draws
 */
public record LinkView(String kind, String name, String state, String detail) {
    static LinkView of(ChainLink link) {
        return new LinkView(link.kind().name().toLowerCase().replace('_', '-'), link.name(),
                link.state().name().toLowerCase(), link.detail());
    }
}
