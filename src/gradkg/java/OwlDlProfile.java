// Prints every OWL 2 DL profile violation of one Turtle or N-Triples file, one a line:
// the violation's kind (the OWL API's class name), a tab, and the OWL API's description.
// Run by gradkg.owlcheck as a single-file source program (java -cp OWLAPI OwlDlProfile.java FILE),
// so nothing is compiled or fetched at install time; the OWL API comes from Debian's libowlapi-java.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlDlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
            new FileDocumentSource(new File(args[0]), new TurtleDocumentFormat()));
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            String text = violation.toString().replace('\n', ' ').replace('\t', ' ');
            System.out.println(violation.getClass().getSimpleName() + "\t" + text);
        }
    }
}
