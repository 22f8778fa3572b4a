/**
 * spol's services with the build's passes as Langium's streams make them (the plain definition that
 * language/ast-walk.ts's loops must equal): Langium's own linking, local symbols, reference index
 * and node validation, and spol's exports (every element of the institution tree) collected over
 * `AstUtils.streamAllContents` with Langium's eager descriptions, each awaiting a cancellation
 * check at every node. What spol adds around them (its linking errors, its diagnostics' codes) is
 * kept, so a build through these services must give what a build through spol's own gives.
 */
import type { AstNodeDescription, Cancellation, LangiumDocument, LocalSymbols, ReferenceDescription, ValidationAcceptor, ValidationOptions } from 'langium';
import { AstUtils, DefaultDocumentValidator, DefaultLinker, DefaultReferenceDescriptionProvider, DefaultScopeComputation, interruptAndCheck } from 'langium';
import type { AstNode } from 'langium';
import { createSpolServices } from '../../language/spol-module.js';
import { SpolDocumentValidator } from '../../language/spol-document-validator.js';
import { SpolLinker } from '../../language/spol-linker.js';
import { SpolScopeComputation, isExported } from '../../language/spol-scope-computation.js';
import { EmptyFileSystem } from 'langium';
import type { TestServices } from './spol-test-kit.js';

class StreamLinker extends SpolLinker {
    override link(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        return DefaultLinker.prototype.link.call(this, document, cancelToken);
    }
}

class StreamScopeComputation extends SpolScopeComputation {
    override async collectExportedSymbols(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<AstNodeDescription[]> {
        const exports: AstNodeDescription[] = [];
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            if (cancelToken) await interruptAndCheck(cancelToken);
            if (isExported(node)) this.addExportedSymbol(node, exports, document);
        }
        return exports;
    }

    override collectLocalSymbols(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<LocalSymbols> {
        return DefaultScopeComputation.prototype.collectLocalSymbols.call(this, document, cancelToken);
    }
}

class StreamDocumentValidator extends SpolDocumentValidator {
    protected override validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        return (DefaultDocumentValidator.prototype as unknown as { validateAstNodes: StreamDocumentValidator['validateAstNodes'] }).validateAstNodes.call(this, rootNode, options, acceptor, cancelToken);
    }
}

class StreamReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override createDescriptions(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<ReferenceDescription[]> {
        return DefaultReferenceDescriptionProvider.prototype.createDescriptions.call(this, document, cancelToken);
    }
}

/** spol's services with the passes above. */
export function createStreamServices(): TestServices {
    return createSpolServices(EmptyFileSystem, {
        references: { Linker: (services) => new StreamLinker(services), ScopeComputation: (services) => new StreamScopeComputation(services) },
        validation: { DocumentValidator: (services) => new StreamDocumentValidator(services) },
        workspace: { ReferenceDescriptionProvider: (services) => new StreamReferenceDescriptionProvider(services) }
    });
}
