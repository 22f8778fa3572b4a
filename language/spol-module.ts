/**
 * The spol language's services: the table of contents of language/. Every service Langium's defaults
 * do not provide, or that spol replaces, is listed here, one file each.
 */
import { createSpolCompletionParser, createSpolParser } from './spol-parser.js';
import type { Module, PartialLangiumCoreServices } from 'langium';
import { inject } from 'langium';
import type {
    DefaultSharedModuleContext,
    LangiumServices,
    LangiumSharedServices,
    PartialLangiumLSPServices,
    PartialLangiumSharedServices
} from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { SpolGeneratedModule, SpolGeneratedSharedModule } from './generated/module.js';
import { SpolCodeActionProvider } from './spol-code-actions.js';
import { SpolCodeLensProvider } from './spol-code-lens.js';
import { SpolCompletionProvider } from './spol-completion.js';
import { SpolConfiguration } from './spol-configuration.js';
import { SpolDocumentBuilder } from './spol-document-builder.js';
import { SpolDocumentUpdateHandler } from './spol-document-update-handler.js';
import { SpolDocumentValidator } from './spol-document-validator.js';
import { SpolFormatter } from './spol-formatter.js';
import { SpolHoverProvider } from './spol-hover.js';
import { SpolInlayHintProvider } from './spol-inlay-hints.js';
import { SpolLinker } from './spol-linker.js';
import { SpolNodeKindProvider } from './spol-node-kinds.js';
import { SpolRenameProvider } from './spol-rename.js';
import { createParserMessages, SpolLexerErrorMessageProvider } from './spol-parser-messages.js';
import { SpolReferenceDescriptionProvider } from './spol-reference-descriptions.js';
import { SpolScopeComputation } from './spol-scope-computation.js';
import { SpolScopeProvider } from './spol-scope-provider.js';
import { SpolSemanticTokenProvider } from './spol-semantic-tokens.js';
import { registerValidationChecks, SpolValidator } from './spol-validator.js';
import { SpolWorkspaceManager } from './spol-workspace-manager.js';
import { SpolWorkspaceModel } from './spol-workspace-model.js';

/** Services spol adds to Langium's, or whose type it narrows. */
export type SpolAddedServices = {
    references: {
        Linker: SpolLinker;
    };
    validation: {
        SpolValidator: SpolValidator;
    };
    workspace: {
        /** The PolicyModel of all documents and the engine's lint over it. */
        PolicyModel: SpolWorkspaceModel;
        /** Each workspace folder's spol.yaml: rule severities and ignored files. */
        Configuration: SpolConfiguration;
    };
};

export type SpolServices = LangiumServices & SpolAddedServices;

/** A module that replaces some of spol's services, e.g. the lint rules in a test. */
export type SpolOverrides = Module<
    SpolServices,
    PartialLangiumCoreServices & PartialLangiumLSPServices & { [Group in keyof SpolAddedServices]?: Partial<SpolAddedServices[Group]> }
>;

export const SpolModule: Module<SpolServices, PartialLangiumCoreServices & PartialLangiumLSPServices & SpolAddedServices> = {
    parser: {
        LangiumParser: (services) => createSpolParser(services),
        CompletionParser: (services) => createSpolCompletionParser(services),
        ParserErrorMessageProvider: (services) => createParserMessages(services),
        LexerErrorMessageProvider: () => new SpolLexerErrorMessageProvider()
    },
    references: {
        ScopeComputation: (services) => new SpolScopeComputation(services),
        ScopeProvider: (services) => new SpolScopeProvider(services),
        Linker: (services) => new SpolLinker(services)
    },
    validation: {
        DocumentValidator: (services) => new SpolDocumentValidator(services),
        SpolValidator: (services) => new SpolValidator(services)
    },
    workspace: {
        PolicyModel: (services) => new SpolWorkspaceModel(services),
        ReferenceDescriptionProvider: (services) => new SpolReferenceDescriptionProvider(services),
        Configuration: (services) => new SpolConfiguration(services.shared.workspace.FileSystemProvider)
    },
    lsp: {
        Formatter: (services) => new SpolFormatter(services),
        CompletionProvider: (services) => new SpolCompletionProvider(services),
        HoverProvider: (services) => new SpolHoverProvider(services),
        CodeActionProvider: (services) => new SpolCodeActionProvider(services),
        CodeLensProvider: (services) => new SpolCodeLensProvider(services),
        SemanticTokenProvider: (services) => new SpolSemanticTokenProvider(services),
        InlayHintProvider: (services) => new SpolInlayHintProvider(services),
        RenameProvider: (services) => new SpolRenameProvider(services)
    }
};

export const SpolSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (shared) => new SpolDocumentBuilder(shared),
        WorkspaceManager: (shared) => new SpolWorkspaceManager(shared)
    },
    lsp: {
        DocumentUpdateHandler: (shared) => new SpolDocumentUpdateHandler(shared),
        NodeKindProvider: () => new SpolNodeKindProvider()
    }
};

/**
 * The shared services and the spol services, wired together. Pass `NodeFileSystem` (from
 * `langium/node`) for a language server or the CLI, `EmptyFileSystem` (from `langium`) for tests.
 */
export function createSpolServices(
    context: DefaultSharedModuleContext,
    overrides?: SpolOverrides
): { shared: LangiumSharedServices; Spol: SpolServices } {
    const shared = inject(createDefaultSharedModule(context), SpolGeneratedSharedModule, SpolSharedModule);
    const Spol = inject(createDefaultModule({ shared }), SpolGeneratedModule, SpolModule, overrides ?? {});
    shared.ServiceRegistry.register(Spol);
    registerValidationChecks(Spol);
    if (!context.connection) {
        // Without a client, nobody sends configuration: mark it ready so builds do not wait for it.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Spol };
}
