/**
 * "Add to your wallet" in the members' mails: when the association runs the wallet service (`tessera
 * serve`, at the URL of `ASSOCIATION_WALLET_URL`), each mail carries a one-time offer of the member's
 * standing credentials (@tessera/server), its link and QR code. Without the setting, nothing is made and
 * the mails are as before. Offers go by reference: a short link, a QR code a phone reads from a screen.
 */
import type { OpenedIssuer } from '@tessera/issuer/node'
import { isServerError, openServerStore, qrDataUri, type ServerStore, WalletService } from '@tessera/server'
import type { WalletOffer } from './mail.js'

export interface WalletOffers {
  /** The member's offer, or undefined when they hold nothing to offer. */
  offerFor(memberId: string): Promise<WalletOffer | undefined>
  close(): Promise<void>
}

/** The offers of the service at `walletUrl`, on the store folder `dir` (its database, or `DATABASE_URL`'s). */
export async function openWalletOffers(
  opened: OpenedIssuer,
  dir: string,
  walletUrl: string,
  env: Record<string, string | undefined>,
  clock: () => Date,
): Promise<WalletOffers> {
  const store: ServerStore = await openServerStore(dir, env)
  try {
    const service = await WalletService.create({
      issuer: opened.issuer,
      issuerStore: opened.store,
      signerAlg: opened.agent.signerFor(opened.identifier).alg,
      credentialIssuer: walletUrl,
      store,
      clock,
    })
    return {
      async offerFor(memberId) {
        try {
          const offer = await service.createOffer({ member: memberId, byReference: true })
          const png = Buffer.from((await qrDataUri(offer.link)).split(',')[1] as string, 'base64')
          return { link: offer.link, qrPng: png, expiresAt: offer.expiresAt }
        } catch (error) {
          if (isServerError(error, 'NOTHING_TO_OFFER')) return undefined
          throw error
        }
      },
      close: () => store.close(),
    }
  } catch (error) {
    await store.close()
    throw error
  }
}
